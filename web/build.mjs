// Bundle the map page into ../src/corridor/api/static/ (committed: pip install needs no Node).
// Usage: npm ci && npm run build   (or: bash build.sh)
import { build } from "esbuild";
import process from "node:process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, statSync } from "node:fs";

// CORRIDOR_STATIC_OUT: build elsewhere (the tests compare that build with the committed one)
const out = process.env.CORRIDOR_STATIC_OUT
  ? process.env.CORRIDOR_STATIC_OUT.replace(/\/?$/, "/")
  : new URL("../src/corridor/api/static/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: out + "app.js",
  legalComments: "eof",
  logLevel: "warning",
});
const maplibreCss = readFileSync("node_modules/maplibre-gl/dist/maplibre-gl.css", "utf8");
const ownCss = readFileSync("src/style.css", "utf8");
writeFileSync(out + "app.css", maplibreCss + "\n" + ownCss);
copyFileSync("index.html", out + "index.html");
copyFileSync("node_modules/maplibre-gl/LICENSE.txt", out + "LICENSE-maplibre.txt");
for (const f of ["index.html", "app.js", "app.css", "LICENSE-maplibre.txt"]) {
  console.log(`${f}: ${statSync(out + f).size} bytes`);
}
