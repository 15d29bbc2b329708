"""Stage 7, publishing: `make report` runs the notebooks and writes what the users read.

    build      the pipelined, cached build: pages, decks, workbook, tables, figures
    outputs    the output folder: one build published in one step, a lock, what is up to date
    cache      sealed cache entries of executed notebooks, keyed on content and package versions
    targets    where a command may write: never under data/, never over what it did not write
    runner     notebooks on warm kernels, in parallel
    pages      offline HTML pages and the index
    deck       slide decks for planners
    workbook   the Excel workbook
    files      table formats (CSV, JSON, markdown) and the CSV folder

Imports from every earlier stage; nothing imports it but the command line.
"""
