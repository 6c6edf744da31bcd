process.stdout.write('sb: under construction\n');
