# IronPython's clr functions that pythonnet's clr lacks (sighost adds them), so IronPython scripts
# run unchanged. Its expected output is ironpython_references.out (pythonnet has no counterpart).
import os
import sys
import clr
from System import Object

runtime_dir = os.path.dirname(Object().GetType().Assembly.Location)

clr.AddReference("System.Xml.Linq")  # a type-forwarding facade on .NET 10
from System.Xml.Linq import XDocument, XName
document = XDocument.Parse("<orders><order id='7'/></orders>")
print("AddReference(facade):", document.Root.Name, document.Root.Element(XName.Get("order")).Attribute(XName.Get("id")).Value)

clr.AddReferenceToFileAndPath(os.path.join(runtime_dir, "System.Net.Mail.dll"))
from System.Net.Mail import MailAddress
print("AddReferenceToFileAndPath:", MailAddress("ada@example.org").Host, runtime_dir in sys.path)

clr.AddReferenceToFile("System.Web.HttpUtility")  # found through sys.path
from System.Web import HttpUtility
print("AddReferenceToFile:", HttpUtility.UrlEncode("a b&c"))

clr.AddReferenceByPartialName("System.Collections.Specialized")
from System.Collections.Specialized import StringCollection
print("AddReferenceByPartialName:", StringCollection().Count)

clr.AddReferenceByName("System.Text.Encoding.Extensions, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")
from System.Text import UTF32Encoding
print("AddReferenceByName:", UTF32Encoding().GetByteCount("ab"))

try:
    clr.AddReferenceToFile("No.Such.Assembly")
except OSError as e:
    print("missing file:", e)
print("done")
