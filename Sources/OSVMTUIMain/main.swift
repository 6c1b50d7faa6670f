print("osvm-tui")
