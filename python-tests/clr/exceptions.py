# .NET exceptions caught in Python, and Python exceptions crossing .NET frames.
import clr
from System import Int32, FormatException, ArgumentOutOfRangeException, Exception as NetException, Action
from System.Collections.Generic import List

try:
    Int32.Parse("not a number")
except FormatException as e:
    print("except FormatException:", type(e).__name__, e.Message)

try:
    List[int]()[3]
except ArgumentOutOfRangeException as e:
    print("except ArgumentOutOfRangeException:", e.ParamName)

try:
    Int32.Parse("x")
except NetException as e:
    print("except System.Exception:", isinstance(e, Exception), e.GetType().FullName)


class Refused(Exception):
    pass

def callback(value):
    raise Refused(f"callback refused {value}")

items = List[int]()
items.Add(7)
try:
    items.ForEach(Action[int](callback))
except Refused as e:
    print("Python exception through a .NET frame:", type(e).__name__, e)

try:
    items.ForEach(Action[int](lambda v: 1 / 0))
except ZeroDivisionError as e:
    print("ZeroDivisionError through a .NET frame:", e)
print("done")
