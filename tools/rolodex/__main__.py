"""`python -m rolodex`."""

from rolodex.cli import main

if __name__ == "__main__":
    main()
