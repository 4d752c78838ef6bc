// The Pyodide the site's kernel loads (pyodideUrl in jupyter-lite.json): Pyodide itself, then the heaviest imports
// made at once, before the kernel mounts the browser's storage as its working folder. Imported from there, every
// module lookup would first ask that storage, through the page's service worker, about a file that is not there.
// The kernel imports the same modules again as it starts, and finds them loaded. A failure here only costs time.
import { loadPyodide as loadCore } from "./pyodide.mjs";

// piplite.piplite is the kernel's package installer, which it imports first (about 0.2 s of lookups in that storage).
// Not bmckit: imported before IPython's shell exists, it could not register how a canvas shows itself in a notebook.
const FIRST_IMPORTS = ["IPython", "jedi", "piplite.piplite"];

// packagesNotNeeded (in loadPyodideOptions, beside packages): packages a page has no use for, left out though named
// in packages. The kernel installs jedi, IPython's code completion, unless packages names it; the editor's app view
// has no code to complete, and starts about 0.4 s sooner without it (IPython completes without jedi when asked).
export async function loadPyodide({ packagesNotNeeded = [], ...options }) {
  const needed = (name) => !packagesNotNeeded.includes(name);
  const pyodide = await loadCore({ ...options, packages: (options.packages ?? []).filter(needed) });
  try {
    pyodide.runPython(FIRST_IMPORTS.filter(needed).map((name) => `import ${name}`).join("\n"));
  } catch (error) {
    console.warn("bmckit: importing ahead failed; the kernel imports as it starts instead", error);
  }
  return pyodide;
}
