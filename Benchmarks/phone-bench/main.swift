print("phone-bench: not yet")
