from cspr.cli import main

main()
