// Render TeX to HTML with the project's pinned KaTeX (node_modules/katex).
// Reads a JSON array of {tex, display} on stdin and writes a JSON array of
// {html} or {error} on stdout, in the same order. Used by hooks/math.py.
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true }) };
    } catch (err) {
      return { error: String(err.message || err) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
