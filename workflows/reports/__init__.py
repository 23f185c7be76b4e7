"""What the board reads: the dashboard and the spreadsheets."""
