# The --callback sample's script: the app hands it `orders` (a .NET OrderBook) and it calls back
# into it, one order at a time, until the app's timeout cancels it with TimeoutError.
import time

print(f"callback: {orders.Name} has {orders.Pending} pending orders", flush=True)
handled = 0
try:
    while orders.Pending > 0:
        order = orders.Take()                     # .NET method returning a .NET string
        orders.Complete(order, f"packed {order}")  # back into the app
        handled += 1
        time.sleep(0.2)                           # slow work: the timeout ends it here
finally:
    print(f"callback: handled {handled} orders", flush=True)
