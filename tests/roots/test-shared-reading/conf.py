extensions = ["handbook.editions.shared_reading"]
