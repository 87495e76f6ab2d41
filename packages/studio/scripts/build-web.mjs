// Bundles the studio front-end (web/src, vanilla TypeScript) with esbuild into dist/web at
// package build time: the published package ships the page, nothing is downloaded at run time.
import { copyFile, mkdir } from "node:fs/promises";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const out = new URL("dist/web/", root);
await mkdir(out, { recursive: true });
await build({
  entryPoints: [new URL("web/src/main.ts", root).pathname],
  outfile: new URL("app.js", out).pathname,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
await copyFile(new URL("web/index.html", root), new URL("index.html", out));
await copyFile(new URL("web/app.css", root), new URL("app.css", out));
