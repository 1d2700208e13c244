// apkit-migrate code against the floor of any recast codemod: jscodeshift 17 running an identity transform
// (parse with its tsx parser, print) on the same generated codebase, in the same process, rounds alternating.
// Writes bench/results/code.json and prints files per second and the ratio (the bar: >= 0.6).
//
// The codebase: 2,000 files (.js page scripts with jQuery, .mjs/.js ES modules, React .jsx components, .ts modules),
// 40-160 lines each, made from a seeded generator, so every run reads the same code. Each has several raw AP uses
// of the kinds real Connect front ends have (AP.request with callbacks, dialogs, events, getToken + fetch, flags).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import jscodeshift from "jscodeshift";
import { transformSource } from "../lib/code/transform.js";

const FILES = Number(process.env.BENCH_FILES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const blocks = {
  request: (i) => `
function load${i}(key) {
  AP.request({
    url: "/rest/api/3/issue/" + key + "?fields=summary",
    success: function (text) {
      var issue = JSON.parse(text);
      render${i}(issue.fields.summary);
    },
    error: function (xhr) {
      console.error("load failed", xhr.status);
    }
  });
}`,
  requestText: (i) => `
function readme${i}(key) {
  AP.request("/rest/api/3/issue/" + key + "/properties/readme", {
    success: function (body) { show${i}(body); }
  });
}`,
  dialog: (i) => `
function edit${i}(key) {
  // The dialog closes with the new value.
  AP.dialog.create({ key: "edit-${i}", chrome: true, customData: { key: key } }).on("close", function (result) {
    if (result) load${i}(result.key);
  });
}`,
  events: (i) => `
function onChanged${i}(data) { console.log("changed", data); }
AP.events.on("issue-changed-${i}", onChanged${i});
function stop${i}() { AP.events.off("issue-changed-${i}", onChanged${i}); }`,
  token: (i) => `
function items${i}() {
  AP.context.getToken(function (token) {
    fetch("/api/items/${i}", { headers: { Authorization: "JWT " + token } })
      .then(function (response) { return response.json(); })
      .then(function (items) { console.log(items.length); });
  });
}`,
  flag: (i) => `
function saved${i}(name) {
  AP.flag.create({ title: name + " saved", type: "success", close: "auto" });
  AP.navigator.reload();
}`,
  user: (i) => `
AP.user.getLocale(function (locale) {
  document.documentElement.lang = locale + "-${i}";
});
AP.resize();`,
  plain: (i) => `
function format${i}(value) {
  var parts = String(value).split(".");
  return parts[0].replace(/\\B(?=(\\d{3})+(?!\\d))/g, ",") + (parts[1] ? "." + parts[1] : "");
}`,
};

function pageScript(i) {
  const names = Object.keys(blocks);
  const body = Array.from({ length: 4 + Math.floor(random() * 6) }, (_, k) => blocks[pick(names)](i * 100 + k)).join("\n");
  return `/* global AP, $ */\n// Generated page script ${i}.\n$(function () {\n  $("#go").on("click", function () { console.log("go ${i}"); });\n});\n${body}\n`;
}

function esModule(i) {
  return `import { render } from "./render.js";\n${pageScript(i).replace("/* global AP, $ */\n", "")}\nexport const id = ${i};\n`;
}

function component(i) {
  return `import React, { useEffect, useState } from "react";

export function Panel${i}({ issueKey }) {
  const [issue, setIssue] = useState(null);
  useEffect(() => {
    AP.request({
      url: \`/rest/api/3/issue/\${issueKey}\`,
      success: (text) => setIssue(JSON.parse(text)),
    });
    AP.events.on("refresh-${i}", () => setIssue(null));
  }, [issueKey]);
  useEffect(() => AP.resize(), [issue]);
  return (
    <div className="ac-content">
      <h1>{issue ? issue.fields.summary : "Loading"}</h1>
      <button onClick={() => AP.dialog.create({ key: "details-${i}", customData: { issueKey } }).on("close", () => setIssue(null))}>
        Details
      </button>
      <button onClick={() => AP.flag.create({ title: "Copied ${i}", type: "info" })}>Copy</button>
    </div>
  );
}
${blocks.plain(i)}
`;
}

function tsModule(i) {
  return `interface Issue${i} { key: string; fields: { summary: string } }

export async function summary${i}(key: string): Promise<string> {
  const res = await AP.request(\`/rest/api/3/issue/\${key}\`);
  const issue = JSON.parse(res.body) as Issue${i};
  return issue.fields.summary;
}

export function open${i}(projectKey: string): void {
  AP.dialog.create({ key: "picker-${i}", size: "large", customData: { projectKey } }).on("close", (picked: Issue${i} | undefined) => {
    if (picked) console.log(picked.key);
  });
  AP.user.getTimeZone((zone: string) => console.log(zone));
}
${blocks.plain(i)}
`;
}

const kinds = [
  ["js", pageScript],
  ["mjs", esModule],
  ["jsx", component],
  ["ts", tsModule],
];
const corpus = Array.from({ length: FILES }, (_, i) => {
  const [ext, make] = kinds[i % kinds.length];
  return { name: `src/file${i}.${ext}`, text: make(i) };
});

const identity = jscodeshift.withParser("tsx");
function runIdentity() {
  let bytes = 0;
  for (const f of corpus) bytes += identity(f.text).toSource().length;
  return bytes;
}
let totals;
function runCodemod() {
  let rewritten = 0;
  let left = 0;
  for (const f of corpus) {
    const r = transformSource(f.name, f.text);
    rewritten += r.rewritten;
    left += r.left.length;
  }
  totals = { rewritten, left };
  return rewritten;
}

// CPU time of this process (user + system), in ms: on a shared machine wall time also counts other processes'
// turns, which falls on whichever tool is running then. Both tools are measured the same way.
function time(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

// Warm both up (JIT), then alternate full rounds.
const warm = corpus.slice(0, 200);
for (const f of warm) {
  identity(f.text).toSource();
  transformSource(f.name, f.text);
}
const identityMs = [];
const codemodMs = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    identityMs.push(time(runIdentity));
    codemodMs.push(time(runCodemod));
  } else {
    codemodMs.push(time(runCodemod));
    identityMs.push(time(runIdentity));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perSecond = (ms) => Math.round((FILES / ms) * 1000);
const identityRate = perSecond(median(identityMs));
const codemodRate = perSecond(median(codemodMs));
const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version },
  files: FILES,
  lines: corpus.reduce((n, f) => n + f.text.split("\n").length, 0),
  rounds: ROUNDS,
  clock: "process CPU time (user + system)",
  filesPerSecond: { identity: identityRate, codemod: codemodRate },
  ratio: Math.round((codemodRate / identityRate) * 100) / 100,
  uses: { rewritten: totals.rewritten, left: totals.left, share: Math.round((totals.rewritten / (totals.rewritten + totals.left)) * 1000) / 1000 },
  command: "npm run bench -w apkit-migrate",
};
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/code.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
console.log(`apkit-migrate code on ${FILES} generated files (${result.lines} lines), median of ${ROUNDS} rounds, per CPU second:`);
console.log(`  jscodeshift identity transform (parse + print): ${identityRate} files/s`);
console.log(`  apkit-migrate code (parse, rewrite, print, parse again for the report): ${codemodRate} files/s`);
console.log(`  ratio ${result.ratio} (bar >= 0.6); ${totals.rewritten} uses rewritten, ${totals.left} left`);
if (result.ratio < 0.6) process.exitCode = 1;
