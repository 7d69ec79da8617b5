from synthcode.cli import main

main()
