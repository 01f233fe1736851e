"""Import of contacts and orders from CSV / TSV / Excel files (PRODUCT.md item 2).

reader.py turns a file into a Table of text cells; values.py parses single cells (phones, dates,
tags, amounts); fields.py names the fields and recognises column headers; contacts_import.py and
orders_import.py plan and apply an import as one undoable batch; batches.py lists and undoes
past batches and keeps saved column mappings.
"""
