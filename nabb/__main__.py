"""``python -m nabb`` runs the command line, as the ``nabb`` script does."""
from nabb.cli import main

if __name__ == "__main__":
    main()
