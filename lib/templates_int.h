/* templates_int.h - the files of migrations/, compiled in (lib/templates.c is
 * generated from them by scripts/embed.awk). */
#ifndef MG_TEMPLATES_H
#define MG_TEMPLATES_H

extern const char mg__tmpl_ini[];
extern const char mg__tmpl_script[];
extern const char mg__tmpl_models[];

#endif
