"""nabb: balance the Dutch biobased building chain (Nationale Aanpak Biobased Bouwen)."""
__version__ = "0.1.0"
