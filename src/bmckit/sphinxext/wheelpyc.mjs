// Runs bmckit/sphinxext/wheelpyc.py inside Pyodide, in Node.js, so wheels are compiled by the browser's own Python.
// node wheelpyc.mjs PYODIDE_DIR WHEELPYC_PY JOBS_JSON: the jobs' paths are absolute paths on this machine, seen by
// Pyodide under /host; prints what compile_wheels returns.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, script, jobs] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
pyodide.FS.mkdirTree("/host");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, "/host");
const onHost = JSON.parse(readFileSync(jobs, "utf8")).map(([source, target, sourceless]) => ["/host" + source, "/host" + target, sourceless]);
pyodide.runPython(readFileSync(script, "utf8"), { filename: script });
const done = pyodide.globals.get("compile_wheels")(JSON.stringify(onHost));
process.stdout.write(done + "\n");
