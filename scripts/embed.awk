# embed.awk - turn text files into C string constants, one per file, named
# by the space-separated list in -v names="...". Used for the templates that
# `migrate init` writes, so the binary carries them.
BEGIN {
    n = split(names, ident, " ")
    print "/* Generated from migrations/ by scripts/embed.awk; do not edit. */"
    print "#include \"templates_int.h\""
    file = 0
}
FNR == 1 {
    if (file > 0)
        print ";"
    file++
    printf "const char %s[] =\n", ident[file]
}
{
    line = $0
    gsub(/\\/, "\\\\", line)
    gsub(/"/, "\\\"", line)
    gsub(/\t/, "\\t", line)
    printf "    \"%s\\n\"\n", line
}
END {
    if (file > 0)
        print ";"
}
