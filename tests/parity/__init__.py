"""The parity table: every write the app offers, tried through the browser and the API by every role."""
