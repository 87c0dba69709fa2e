"""What the build writes besides the pages, built once from the data objects: the question
bank's JSON (bank.py), the practice data and flashcard decks (practice.py)."""
