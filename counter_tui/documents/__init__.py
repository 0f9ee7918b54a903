"""Documents rendered to text (preview), HTML (fallback) and PDF (print).

Nothing here is imported on the start-up path; fpdf2 and fontTools are imported
only when a PDF is actually made.
"""
