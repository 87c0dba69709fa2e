"""What each kind of page renders, as Markdown for MkDocs: rows and lists of questions, a
question's own page, checklists, tracks, plans, the loop, the bank's form (render.py), the
practice pages' fragments (practice_pages.py), the interviewer's guide (interviewers.py)."""
