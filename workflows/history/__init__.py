"""Emulation history of people and collectives: records, initiatives, the staff registry, imports
and who may read them."""
