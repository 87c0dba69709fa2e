"""What each kind of page renders, as Markdown for MkDocs: rows and lists of questions, a
question's own page, checklists, tracks, plans, the loop, the bank (render.py), the
calculators (calculators.py), the progress dashboard (progress.py), the plan generator's form
(plan_generator.py), the practice pages' fragments (practice_pages.py), the interviewer's
guide (interviewers.py), the coding index's table (coding_table.py), the page facts
(page_facts.py) and the print packs (print_pages.py).

The modules choose the records, compute the links and escape the text; the markup is in
templates/ (Jinja, one template per block, loaded by templating.py), and templates/README.md
lists the classes and `data-*` attributes each one writes and the scripts and styles that
read them."""
