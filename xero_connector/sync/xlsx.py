"""Spreadsheets the connector writes (a books check, a sync job's data file): one sheet per
section or kind of record, amounts as numbers, the header row frozen (xlsxwriter, which Odoo
ships). Pure Python: no database.

    content = workbook([("Invoices", ["Number", "Amount"], [["INV-1", Decimal("10.50")]])])
"""

import io

import xlsxwriter


def workbook(sheets):
    """sheets: [(title, [column titles], [rows])], a row's numbers as int/float/Decimal -> bytes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    for title, columns, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        sheet.write_row(0, 0, columns, bold)
        sheet.freeze_panes(1, 0)
        for n, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if value is None or value is False:
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(n, col, value, money)
                elif hasattr(value, "as_tuple"):  # Decimal
                    sheet.write_number(n, col, float(value), money)
                else:
                    sheet.write_string(n, col, str(value))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, max(len(columns) - 1, 1), 16)
    book.close()
    return out.getvalue()
