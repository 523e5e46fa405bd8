// peregrine-cli models: list | inspect | verify | compare (written below).
#include "cli/commands.h"
