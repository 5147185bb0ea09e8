# Lindy's figures as ratios to raw Netty: for each load the median of the per-round ratios, with a bar from
# the lowest to the highest round. Set data (chart.dat from report.py) and jdks (how many JDK columns).
set terminal pngcairo size 1000,520 font "sans,10"
set title "Lindy / raw Netty, per-round ratios: median and spread (higher is better)"
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set ylabel "Lindy / raw Netty"
set grid ytics
set key top right
set xtics rotate by -20
plot for [i=0:jdks-1] data using (column(2+3*i)):(column(3+3*i)):(column(4+3*i)):xtic(1) title columnheader(2+3*i), \
     1 with lines dt 2 lc rgb "black" notitle
