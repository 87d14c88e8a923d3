// mermaid_parse.mjs - parse Mermaid files with Mermaid's own parser
// (issue 25): node mermaid_parse.mjs DIR FILE... where DIR holds
// node_modules/mermaid (scripts/install-mermaid.sh puts it there). Prints
// "FILE: ok" or "FILE: <parser error>" for each and exits 1 on any error.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [dir, ...files] = process.argv.slice(2);
const require = createRequire(join(dir, 'package.json'));
const mermaid = (await import(pathToFileURL(require.resolve('mermaid')))).default;
let failed = 0;
for (const f of files) {
    let text = readFileSync(f, 'utf8');
    // a Markdown file: the fenced block
    const fence = text.match(/^```mermaid\n([\s\S]*?)```\n?$/);
    if (fence)
        text = fence[1];
    try {
        const r = await mermaid.parse(text);
        if (!r || r.diagramType !== 'er')
            throw new Error('not an erDiagram: ' + JSON.stringify(r));
        console.log(f + ': ok');
    } catch (e) {
        console.log(f + ': ' + (e.message || e));
        failed = 1;
    }
}
process.exit(failed);
