import DialerIngest
print("dialer-ingest")
