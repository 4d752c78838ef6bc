// The canvas figure: the segment lens, notes shown in full on hover or focus, and the full-screen view with zoom and pan.
//
// The drawing carries what this needs (bmckit's SVG renderer writes it from the layout plan): each note is
// g.note[data-segments][data-status], each legend entry g.legend-entry[data-segment], block headings and a
// relationship's type and motivation are links. Without JavaScript the legend is a plain legend and the links work.
(() => {
  const STATUS = {
    hypothesis: "Hypothesis: not yet tested.",
    validated: "Validated: tested with customers.",
  };
  const ZOOM_STEP = 1.25;
  const PAN_STEP = 80; // pixels per arrow key press

  const words = (element) => (element ? element.textContent.replace(/\s+/g, " ").trim() : "");

  // The segment lens -------------------------------------------------------------------------------------------------

  const lens = (figure, svg, tools, live) => {
    const entries = [...svg.querySelectorAll(".legend-entry[data-segment]")];
    if (!entries.length) return;
    const notes = [...svg.querySelectorAll("g.note[data-block]")];
    const group = document.createElement("div");
    group.className = "bmc-canvas-lens";
    group.setAttribute("role", "group");
    const label = document.createElement("span");
    label.className = "bmc-canvas-lens-label";
    label.id = `${figure.id}-lens-label`;
    label.textContent = "Follow one segment:";
    group.setAttribute("aria-labelledby", label.id);
    group.append(label);
    const buttons = entries.map((entry) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.segment = entry.dataset.segment;
      button.setAttribute("aria-pressed", "false");
      const swatch = document.createElement("span");
      swatch.className = "bmc-canvas-swatch";
      swatch.setAttribute("aria-hidden", "true");
      const fill = entry.querySelector("rect");
      if (fill) swatch.style.background = fill.getAttribute("fill");
      button.append(swatch, document.createTextNode(entry.dataset.name || words(entry)));
      button.addEventListener("click", () => choose(button.getAttribute("aria-pressed") === "true" ? "" : button.dataset.segment));
      group.append(button);
      return button;
    });
    const name = (id) => (buttons.find((b) => b.dataset.segment === id) || { textContent: id }).textContent.trim();
    const choose = (id) => {
      figure.dataset.lens = id;
      for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.segment === id));
      for (const entry of entries) entry.classList.toggle("bmc-dimmed", Boolean(id) && entry.dataset.segment !== id);
      let serving = 0;
      let everyone = 0;
      for (const note of notes) {
        const served = (note.dataset.segments || "").split(" ").filter(Boolean);
        // A note that names no segment serves them all (the legend's "All segments"): it stays lit.
        const lit = !id || !served.length || served.includes(id);
        note.classList.toggle("bmc-dimmed", !lit);
        if (id && served.includes(id)) serving += 1;
        if (id && !served.length) everyone += 1;
      }
      live.textContent = id
        ? `Showing the ${serving} note${serving === 1 ? "" : "s"} for ${name(id)}` +
          (everyone ? ` and ${everyone} for all segments` : "") +
          "; the others are dimmed."
        : "Showing every note.";
    };
    // The legend in the drawing works by mouse too; the buttons above are its keyboard and screen-reader controls.
    for (const entry of entries) {
      entry.addEventListener("click", () => buttons.find((b) => b.dataset.segment === entry.dataset.segment)?.click());
    }
    tools.append(group);
  };

  // A note in full, with its status in words ---------------------------------------------------------------------------

  let tip = null;
  const tipFor = () => {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "bmc-note-tip";
      tip.id = "bmc-note-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
    }
    return tip;
  };
  const showNote = (note) => {
    const box = tipFor();
    const host = note.closest("dialog") || document.body;
    if (box.parentElement !== host) host.append(box);
    const text = [...note.querySelectorAll("text.note-text")].map(words).join(" ");
    const about = [...[...note.querySelectorAll("text.note-label:not(.status)")].map(words), STATUS[note.dataset.status] || ""];
    const block = note.closest("g.box")?.querySelector("text.heading");
    box.replaceChildren(
      Object.assign(document.createElement("p"), { textContent: text }),
      Object.assign(document.createElement("p"), {
        className: "bmc-note-tip-about",
        textContent: [words(block), ...about].filter(Boolean).join(" · "),
      }),
      ...(note.dataset.source
        ? [Object.assign(document.createElement("p"), { className: "bmc-note-tip-source", textContent: `Source: ${note.dataset.source}` })]
        : []),
    );
    box.hidden = false;
    const where = note.getBoundingClientRect();
    const room = box.getBoundingClientRect();
    const left = Math.min(Math.max(4, where.left), window.innerWidth - room.width - 4);
    const below = where.bottom + 6;
    const top = below + room.height < window.innerHeight ? below : Math.max(4, where.top - room.height - 6);
    box.style.left = `${left}px`;
    box.style.top = `${top}px`;
    note.setAttribute("aria-describedby", box.id);
  };
  const hideNote = (note) => {
    if (tip) tip.hidden = true;
    note?.removeAttribute("aria-describedby");
  };
  const notesInFull = (svg) => {
    for (const note of svg.querySelectorAll("g.note[data-block]")) {
      note.setAttribute("tabindex", "0");
      note.setAttribute("role", "group");
      note.addEventListener("pointerenter", () => showNote(note));
      note.addEventListener("pointerleave", () => hideNote(note));
      note.addEventListener("focus", () => showNote(note));
      note.addEventListener("blur", () => hideNote(note));
    }
    svg.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && tip && !tip.hidden) {
        hideNote(event.target.closest?.("g.note"));
        event.stopPropagation();
        event.preventDefault();
      }
    });
  };

  // Full screen: the drawing moved into a dialog, zoomed and panned with a CSS transform ------------------------------

  const fullScreen = (figure, svg, tools, live) => {
    const opener = document.createElement("button");
    opener.type = "button";
    opener.className = "bmc-canvas-fullscreen";
    opener.setAttribute("aria-haspopup", "dialog");
    opener.innerHTML = '<span aria-hidden="true">⤢</span> Full screen';
    tools.append(opener);

    const title = words(svg.querySelector("title")) || "The canvas";
    const dialog = document.createElement("dialog");
    dialog.className = "bmc-canvas-dialog";
    const heading = `${figure.id}-dialog-title`;
    dialog.setAttribute("aria-labelledby", heading);
    dialog.innerHTML = `
      <div class="bmc-canvas-dialog-bar">
        <h2 id="${heading}"></h2>
        <span class="bmc-canvas-keys">+ and − zoom, arrows move, 0 fits, Esc closes</span>
        <button type="button" data-zoom="in" aria-label="Zoom in"><span aria-hidden="true">+</span></button>
        <button type="button" data-zoom="out" aria-label="Zoom out"><span aria-hidden="true">−</span></button>
        <button type="button" data-zoom="fit">Fit</button>
        <button type="button" data-zoom="close">Close</button>
      </div>
      <div class="bmc-canvas-stage" tabindex="0" role="region" aria-label="The canvas, zoomable"><div class="bmc-canvas-pan"></div></div>`;
    dialog.querySelector("h2").textContent = title;
    document.body.append(dialog);
    const stage = dialog.querySelector(".bmc-canvas-stage");
    const pan = dialog.querySelector(".bmc-canvas-pan");
    const placeholder = document.createComment("the canvas, while shown full screen");
    const view = { scale: 1, x: 0, y: 0, width: 0, height: 0 };

    const apply = () => {
      pan.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
      dialog.dataset.scale = view.scale.toFixed(3);
    };
    const fit = () => {
      const room = stage.getBoundingClientRect();
      view.scale = Math.min(room.width / view.width, room.height / view.height);
      view.x = (room.width - view.width * view.scale) / 2;
      view.y = Math.max(0, (room.height - view.height * view.scale) / 2);
      apply();
    };
    const zoom = (factor, cx, cy) => {
      const room = stage.getBoundingClientRect();
      const px = cx ?? room.width / 2;
      const py = cy ?? room.height / 2;
      const scale = Math.min(12, Math.max(0.1, view.scale * factor));
      view.x = px - ((px - view.x) * scale) / view.scale;
      view.y = py - ((py - view.y) * scale) / view.scale;
      view.scale = scale;
      apply();
    };
    const move = (dx, dy) => {
      view.x += dx;
      view.y += dy;
      apply();
    };

    const open = () => {
      const box = svg.viewBox.baseVal;
      view.width = box && box.width ? box.width * (4 / 3) : svg.getBoundingClientRect().width; // points to CSS pixels
      view.height = box && box.height ? box.height * (4 / 3) : svg.getBoundingClientRect().height;
      svg.replaceWith(placeholder);
      svg.style.width = `${view.width}px`;
      svg.style.height = `${view.height}px`;
      pan.append(svg);
      dialog.showModal();
      fit();
      stage.focus();
      live.textContent = "The canvas is shown full screen.";
    };
    let returnTo = opener; // where focus goes back to: the control that opened the view
    const putBack = () => {
      if (!placeholder.isConnected) return;
      svg.style.width = "";
      svg.style.height = "";
      placeholder.replaceWith(svg);
      hideNote(null);
      returnTo.focus();
    };
    // The browser fires "close" a task after close(): put the drawing back at once, so the page never shows its figure empty.
    const shut = () => {
      dialog.close();
      putBack();
    };
    dialog.addEventListener("close", putBack);
    opener.addEventListener("click", () => {
      returnTo = opener;
      open();
    });
    figure.addEventListener("click", (event) => {
      // Another view of the figure asks for it: the cards' link to the whole sheet (without this script, it opens the SVG).
      const asker = event.target.closest("[data-bmc-fullscreen], a.bmc-full-sheet");
      if (!asker || dialog.open) return;
      event.preventDefault();
      returnTo = asker;
      open();
    });

    dialog.querySelector(".bmc-canvas-dialog-bar").addEventListener("click", (event) => {
      const what = event.target.closest("button")?.dataset.zoom;
      if (what === "in") zoom(ZOOM_STEP);
      else if (what === "out") zoom(1 / ZOOM_STEP);
      else if (what === "fit") fit();
      else if (what === "close") shut();
    });
    dialog.addEventListener("keydown", (event) => {
      if (event.target.closest("button, a") && (event.key === "Enter" || event.key === " ")) return;
      if (event.key === "Escape") {
        // Closed here: Sphinx's search highlighting takes Escape on the document and prevents the dialog's own close.
        event.preventDefault();
        shut();
        return;
      }
      const moves = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
      if (event.key === "+" || event.key === "=") zoom(ZOOM_STEP);
      else if (event.key === "-" || event.key === "_") zoom(1 / ZOOM_STEP);
      else if (event.key === "0") fit();
      else if (moves[event.key]) move(...moves[event.key]);
      else return;
      event.preventDefault();
    });
    stage.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        const room = stage.getBoundingClientRect();
        // A pinch on a touchpad arrives as a wheel event with ctrlKey; both zoom about the pointer.
        zoom(Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015)), event.clientX - room.left, event.clientY - room.top);
      },
      { passive: false },
    );
    // Drag to pan with one pointer, pinch to zoom with two.
    const pointers = new Map();
    let pinch = 0;
    stage.addEventListener("pointerdown", (event) => {
      if (event.target.closest("a")) return;
      pointers.set(event.pointerId, [event.clientX, event.clientY]);
      stage.setPointerCapture(event.pointerId);
      stage.classList.add("bmc-panning");
    });
    stage.addEventListener("pointermove", (event) => {
      const last = pointers.get(event.pointerId);
      if (!last) return;
      pointers.set(event.pointerId, [event.clientX, event.clientY]);
      if (pointers.size === 1) {
        move(event.clientX - last[0], event.clientY - last[1]);
      } else if (pointers.size === 2) {
        const [[ax, ay], [bx, by]] = [...pointers.values()];
        const distance = Math.hypot(ax - bx, ay - by);
        const room = stage.getBoundingClientRect();
        if (pinch) zoom(distance / pinch, (ax + bx) / 2 - room.left, (ay + by) / 2 - room.top);
        pinch = distance;
      }
    });
    const release = (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = 0;
      if (!pointers.size) stage.classList.remove("bmc-panning");
    };
    stage.addEventListener("pointerup", release);
    stage.addEventListener("pointercancel", release);
  };

  // Each figure ---------------------------------------------------------------------------------------------------------

  let count = 0;
  const setUp = (figure) => {
    const svg = figure.querySelector("svg.bmc-canvas-screen") || figure.querySelector("svg");
    if (!svg || figure.dataset.explorable) return;
    figure.dataset.explorable = "true";
    count += 1;
    if (!figure.id) figure.id = `bmc-figure-${count}`;
    const tools = document.createElement("div");
    tools.className = "bmc-canvas-tools bmc-canvas-controls";
    const live = document.createElement("p");
    live.className = "bmc-visually-hidden";
    live.setAttribute("aria-live", "polite");
    lens(figure, svg, tools, live);
    fullScreen(figure, svg, tools, live);
    notesInFull(svg);
    figure.prepend(tools);
    tools.append(live);
  };

  // A link to a motivation (from a canvas note) opens the sphinx-design tab it sits in, then shows it.
  const openTab = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const content = target?.closest(".sd-tab-content");
    if (!content) return;
    const input = content.previousElementSibling?.previousElementSibling;
    if (input && input.type === "radio" && !input.checked) {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    target.scrollIntoView();
  };

  const start = () => {
    for (const figure of document.querySelectorAll("figure.bmc-canvas")) setUp(figure);
    openTab();
  };
  window.addEventListener("hashchange", openTab);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
