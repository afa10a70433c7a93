extensions = ["handbook.gc_freeze"]
