"""Reads a CSV file with Python's csv module and prints its rows as JSON (a list of
objects by header), as a spreadsheet importer would see them."""
import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    print(json.dumps(list(csv.DictReader(handle))))
