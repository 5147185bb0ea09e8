# Each server's figures as ratios to raw Netty from the same run (higher is better; 1.0 = raw Netty).
set terminal pngcairo size 1000,520 font "sans,10"
set title "Lindy and peers, as a ratio to raw Netty (higher is better)"
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set ylabel "ratio to raw Netty"
set grid ytics
set key top right
set xtics rotate by -20
plot data using 2:xtic(1) title columnheader(2), \
     '' using 3 title columnheader(3), \
     '' using 4 title columnheader(4), \
     '' using 5 title columnheader(5), \
     1 with lines dt 2 lc rgb "black" notitle
