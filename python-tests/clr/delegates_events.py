# IronPython idioms: delegates made from Python callables, .NET calling back into Python, events.
import clr
clr.AddReference("System.ObjectModel")
from System import Action, Func, Predicate, Converter
from System.Collections.Generic import List
from System.Collections.ObjectModel import ObservableCollection

doubled = []
values = List[int]()
for n in range(1, 5):
    values.Add(n)
values.ForEach(Action[int](lambda v: doubled.append(v * 2)))
print("ForEach(Action[int]):", doubled)

square = Func[int, int](lambda v: v * v)
print("Func[int, int]:", square(7), square.Invoke(8))
print("FindAll(Predicate[int]):", list(values.FindAll(Predicate[int](lambda v: v % 2 == 0))))
print("ConvertAll(Converter):", list(values.ConvertAll[str](Converter[int, str](lambda v: "#" + str(v)))))

seen = []
def on_changed(sender, args):
    seen.append((str(args.Action), sender.Count))

collection = ObservableCollection[str]()
collection.CollectionChanged += on_changed
collection.Add("a")
collection.Add("b")
collection.RemoveAt(0)
collection.CollectionChanged -= on_changed
collection.Add("ignored")
print("event +=, -=:", seen)
print("done")
