"""Stage 7, publishing: `make report` runs the notebooks and writes what the users read.

    build      the pipelined, cached build: pages, decks, workbook, tables, figures
    runner     notebooks on warm kernels, in parallel
    pages      offline HTML pages and the index
    deck       slide decks for planners
    workbook   the Excel workbook
    files      table formats (CSV, JSON, markdown) and the CSV folder

Imports from every earlier stage; nothing imports it but the command line.
"""
