# IronPython idioms: from System import, generics, overloads, properties, indexers.
import clr
from System import Math, String, Convert, DateTime, TimeSpan, Int32
from System.Collections.Generic import List, Dictionary, HashSet
from System.Text import StringBuilder

numbers = List[int]()
for n in (5, 3, 9):
    numbers.Add(n)
numbers.Sort()
print("List[int]:", numbers.Count, [numbers[i] for i in range(numbers.Count)])
numbers[0] = 42  # indexer set
print("indexer:", numbers[0], numbers.Contains(42))

ages = Dictionary[str, int]()
ages["ada"] = 36
ages["alan"] = 41
print("Dictionary[str, int]:", ages.Count, ages["alan"], ages.ContainsKey("grace"))
found, value = ages.TryGetValue("ada")
print("TryGetValue (out parameter):", found, value)

unique = HashSet[str]()
print("HashSet.Add:", unique.Add("x"), unique.Add("x"))

print("overloads:", Math.Abs(-3), Math.Abs(-2.5), Math.Max(3, 7), Convert.ToString(255, 16))
print("String.Join:", String.Join(", ", ["a", "b", "c"]), String.Format("{0}-{1}", "x", 1))
print("static overload chosen by type:", Int32.Parse("12") + 1)

when = DateTime(2024, 2, 29, 13, 45, 0)
print("properties:", when.Year, when.Month, when.Day, when.DayOfWeek, when.AddDays(1).Month)
print("TimeSpan:", TimeSpan.FromMinutes(90).TotalHours)

builder = StringBuilder()
builder.Append("sig").Append("nals").Append(3)
print("chained calls:", builder.ToString(), builder.Length)
print("done")
