"""The teacher's tools: personalised templates for a roster of teams, and a review of what the class hands in.

Above the core: it reads rosters (:mod:`~bmckit.classroom.roster`), makes a
fillable PDF per team (:mod:`~bmckit.classroom.batch`), scores submitted
canvases against the rubric (:mod:`~bmckit.classroom.score`) and writes the
class report (:mod:`~bmckit.classroom.review`). Needs the ``classroom`` extra.
"""
