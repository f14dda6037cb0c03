import ArgumentParser
print("rollscope")
