"""The bottom layer's plain helpers: the clock, months and periods, form widgets, the PDF font and
the safe spreadsheet writer. It imports nothing of ClubOps; everything else may import it."""
