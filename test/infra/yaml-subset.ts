// Reads the YAML subset azure.yaml uses: nested mappings of plain scalars, `#` comments. Enough to
// check what azd will deploy without a YAML dependency; anything richer is refused, not guessed.

export type YamlMap = { [key: string]: string | YamlMap };

export function parseYamlSubset(text: string): YamlMap {
  const root: YamlMap = {};
  const stack: Array<{ indent: number; map: YamlMap }> = [{ indent: -1, map: root }];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (line.trim() === '') continue;
    const match = /^(\s*)([\w.-]+):(?:\s+(.*))?$/.exec(line);
    if (!match) throw new Error(`azure.yaml line ${index + 1}: not a "key: value" mapping: ${raw}`);
    const indent = match[1]!.length;
    while (stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.map;
    if (match[3] === undefined) {
      const child: YamlMap = {};
      parent[match[2]!] = child;
      stack.push({ indent, map: child });
    } else {
      parent[match[2]!] = match[3].replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return root;
}
