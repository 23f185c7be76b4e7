"""Operating the installation: backups and the demo data of Điện Biên."""
