"""The revocation of an award (Law on Emulation and Commendation, chapter on handling
violations): its diagram's steps (`diagram`), proposing, checking and deciding (`service`)."""
