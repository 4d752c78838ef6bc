"""The PDF machinery the PDF renderers share: neither renderer is here, only what they are made with.

* :mod:`~bmckit.render.pdf.page`: what every page bmckit prints has in common (colours, box headings, the footer,
  the document's /ID and dates), drawn in the layout's coordinates by either writer below;
* :mod:`~bmckit.render.pdf.writer`: a small pure-Python PDF writer, for the printable canvas (it runs in a browser);
* :mod:`~bmckit.render.pdf.reportlab_page`: reportlab's page, for the fillable forms, whose fields only reportlab makes;
* :mod:`~bmckit.render.pdf.truetype` and :mod:`~bmckit.render.pdf.form_font`: DejaVu Sans cut down and embedded,
  for printing and for typing into a form;
* :mod:`~bmckit.render.pdf.forms`: what a fillable form holds besides its fields, and opening one quietly;
* :mod:`~bmckit.render.pdf.read_back`: a form typed into in any reader, read back as a canvas.

The renderers themselves are :mod:`bmckit.render.printable_pdf` and :mod:`bmckit.render.fillable_pdf`.
"""
