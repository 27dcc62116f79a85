import { unified } from '@astrojs/markdown-remark';
import { markdownOptions } from '/work/wt-4/src/markdown/pipeline.ts';
import { readFileSync } from 'node:fs';
const r = await unified(markdownOptions).createRenderer({ syntaxHighlight: false });
const input = readFileSync(process.argv[2], 'utf8');
for (const chunk of input.split('\n=====\n')) {
  const out = await r.render(chunk);
  console.log('IN :', JSON.stringify(chunk));
  console.log('OUT:', out.code);
  console.log();
}
