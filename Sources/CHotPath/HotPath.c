// The module is its header (CHotPath.h); SwiftPM wants a source file in every C target.
#include "CHotPath.h"
