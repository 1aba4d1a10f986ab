"""Archive mode: a whole blog from a mirror, Wayback copies, WARC or zip.

inputs (what to read) → classify (what each page is) → the pipeline (records) → merge (one post per
set of copies) → feeds (fill gaps) → assets (images beside the output) → redirects; runner runs it
all in parallel, daskrun on a Dask cluster. Nothing is imported here: the modules stay independent.
"""
