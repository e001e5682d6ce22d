# IronPython's clr functions that pythonnet's clr lacks, added to the clr module by sighost when a
# script first imports clr (see ClrModule.cs). Runs once, in a namespace of its own, with `_clr` (the
# module pythonnet made) and `_shutdown` (detaches pythonnet; registered with atexit) given.
import atexit
import os
import sys

_add_reference = _clr.AddReference


def _load_forwarded(assembly):
    # A facade assembly (System.Xml.Linq on .NET 10) holds no types, only forwards to the assembly
    # that has them. Resolving the forwards loads those assemblies, and pythonnet registers the
    # namespaces of every assembly the runtime loads, so the facade's namespaces become importable.
    try:
        assembly.GetForwardedTypes()
    except Exception:
        pass  # some forwards do not resolve; the ones that do are loaded


def _reference_one(name):
    if not isinstance(name, str):
        # An Assembly object: loaded already, so pythonnet has seen its namespaces.
        _load_forwarded(name)
        return name
    assembly = _add_reference(name)
    _load_forwarded(assembly)
    return assembly


def AddReference(*names):
    """Loads .NET assemblies by name, path or Assembly object, as IronPython's clr.AddReference;
    a type-forwarding facade's target assemblies are loaded too. Returns the last assembly."""
    if not names:
        raise TypeError("AddReference() takes at least 1 argument (0 given)")
    assembly = None
    for name in names:
        assembly = _reference_one(name)
    return assembly


def _find_on_sys_path(name):
    candidates = [name] if os.path.splitext(name)[1].lower() in (".dll", ".exe") else [name + ".dll", name + ".exe", name]
    for directory in sys.path:
        for candidate in candidates:
            path = os.path.join(directory or os.curdir, candidate)
            if os.path.isfile(path):
                return os.path.abspath(path)
    return None


def AddReferenceToFile(*files):
    """Loads assemblies by file name (with or without .dll/.exe), searched for in sys.path's
    directories, as IronPython's clr.AddReferenceToFile."""
    for name in files:
        path = _find_on_sys_path(name)
        if path is None:
            raise OSError(f"Could not add reference to assembly {name}")
        _reference_one(path)


def AddReferenceToFileAndPath(*paths):
    """Loads assemblies by path and adds each one's directory to sys.path, as IronPython's
    clr.AddReferenceToFileAndPath."""
    for path in paths:
        full = os.path.abspath(path)
        if not os.path.isfile(full):
            raise OSError(f"Could not add reference to assembly {path}")
        directory = os.path.dirname(full)
        if directory not in sys.path:
            sys.path.append(directory)
        _reference_one(full)


def AddReferenceByName(*names):
    """Loads assemblies by full or simple assembly name, as IronPython's clr.AddReferenceByName."""
    from System.Reflection import Assembly
    for name in names:
        _reference_one(Assembly.Load(name))


def AddReferenceByPartialName(*names):
    """Loads assemblies by simple name, as IronPython's clr.AddReferenceByPartialName."""
    for name in names:
        _reference_one(name)


for _function in (AddReference, AddReferenceToFile, AddReferenceToFileAndPath, AddReferenceByName,
                  AddReferenceByPartialName):
    setattr(_clr, _function.__name__, _function)

atexit.register(_shutdown)
