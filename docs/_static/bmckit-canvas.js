// The canvas figure: the segment lens, notes shown in full on hover or focus, and the full-screen view with zoom and pan.
