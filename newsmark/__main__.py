"""`python -m newsmark`: the same command line as the installed `newsmark` script."""

from newsmark.cli import main

if __name__ == "__main__":
    main()
