print("ucontact-sim: not yet")
